// Builds real providers when something will consume them: OTLP when OTEL_EXPORTER_OTLP_* is set, a
// Prometheus /metrics endpoint when METRICS_ENABLED, or test-supplied exporters. Otherwise no-op.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, type MetricReader, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config.js';
import { installContextManager } from './propagation.js';
import { createInstruments, noopTelemetry, type Telemetry, TRACER_NAME } from './telemetry.js';

export interface TelemetryOverrides {
  /** Tests: spans go here through a SimpleSpanProcessor. */
  spanExporter?: SpanExporter;
  /** Tests: an in-memory or manual reader. */
  metricReader?: MetricReader;
}

type TelemetryConfig = Pick<
  Config,
  'OTEL_SERVICE_NAME' | 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT' | 'METRICS_ENABLED'
>;

export async function startTelemetry(config: TelemetryConfig, overrides: TelemetryOverrides = {}): Promise<Telemetry> {
  const tracesUrl = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? otlpPath(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'traces');
  const metricsUrl = config.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ?? otlpPath(config.OTEL_EXPORTER_OTLP_ENDPOINT, 'metrics');
  if (!tracesUrl && !metricsUrl && !config.METRICS_ENABLED && !overrides.spanExporter && !overrides.metricReader) return noopTelemetry();

  installContextManager();
  const resource = resourceFromAttributes({ 'service.name': config.OTEL_SERVICE_NAME, 'service.version': '0.1.0' });

  const spanProcessors: SpanProcessor[] = [];
  if (overrides.spanExporter) spanProcessors.push(new SimpleSpanProcessor(overrides.spanExporter));
  if (tracesUrl) {
    // Imported only when used: the OTLP exporters pull in protobuf code the default path never needs.
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl })));
  }
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors });

  const readers: MetricReader[] = [];
  if (overrides.metricReader) readers.push(overrides.metricReader);
  let metricsHandler: Telemetry['metricsHandler'] = null;
  if (config.METRICS_ENABLED) {
    const { PrometheusExporter } = await import('@opentelemetry/exporter-prometheus');
    const prometheus = new PrometheusExporter({ preventServerStart: true });
    readers.push(prometheus);
    metricsHandler = (req: IncomingMessage, res: ServerResponse) => prometheus.getMetricsRequestHandler(req, res);
  }
  if (metricsUrl) {
    const { OTLPMetricExporter } = await import('@opentelemetry/exporter-metrics-otlp-http');
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: metricsUrl }), exportIntervalMillis: 15_000 }));
  }
  const meterProvider = new MeterProvider({ resource, readers });
  const meter = meterProvider.getMeter(TRACER_NAME);

  return {
    enabled: true,
    tracer: tracerProvider.getTracer(TRACER_NAME),
    meter,
    instruments: createInstruments(meter),
    metricsHandler,
    shutdown: async () => {
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

function otlpPath(base: string | undefined, signal: 'traces' | 'metrics'): string | undefined {
  return base ? `${base.replace(/\/$/, '')}/v1/${signal}` : undefined;
}
