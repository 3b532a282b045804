// One dashboard section in the DOM: title and period, the switches (only where a tool can be called),
// a chart or KPI tiles, and a text table of the same rows. Database text only ever goes in through
// textContent or Plot's text nodes, never as HTML.
import { rankingChart, trendChart } from './charts.js';
import { chooseView, columnsOf, formatValue, GRAINS, type MetricAnswer, type MetricInfo, toNumber, type View } from './model.js';

export interface Section {
  tool?: string;
  args: Record<string, unknown>;
  answer: MetricAnswer;
  title?: string;
}

export interface Switch {
  metric?: string;
  grain?: string;
  comparison?: string;
}

export interface RenderOptions {
  catalogue: readonly MetricInfo[];
  /** Present when the view can call tools (in a host); the report has none. */
  onSwitch?: (change: Switch) => void;
  width?: number;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const info = (catalogue: readonly MetricInfo[], name: string): MetricInfo =>
  catalogue.find((m) => m.name === name) ?? { name, label: name, unit: '', period: true };

function titleOf(section: Section, view: View, catalogue: readonly MetricInfo[]): string {
  if (section.title) return section.title;
  if (view.kind === 'trend') return `${info(catalogue, view.metric).label} by ${view.dimension}`;
  if (view.kind === 'ranking') return `${info(catalogue, view.metric).label} by ${view.dimension}`;
  if (view.kind === 'kpis') return 'Store performance';
  return 'Result';
}

function periodLine(answer: MetricAnswer): string {
  const c = answer.comparison;
  const vs = c ? ` vs ${c.kind === 'last_year' ? 'last year' : 'previous period'} (${c.from} – ${c.to})` : '';
  return `${answer.period.from} – ${answer.period.to}${vs} · ${answer.row_count} row(s)${answer.truncated ? ' · truncated: more rows matched' : ''}`;
}

function select(label: string, name: string, options: [string, string][], value: string, onChange: (v: string) => void): HTMLLabelElement {
  const s = el('select', { name });
  for (const [v, text] of options) s.append(el('option', { value: v, selected: v === value }, text));
  s.addEventListener('change', () => onChange(s.value));
  return el('label', {}, `${label} `, s);
}

export function tableOf(answer: MetricAnswer, caption: string): HTMLTableElement {
  const columns = columnsOf(answer);
  const table = el('table', {}, el('caption', {}, caption));
  table.append(el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))));
  const body = el('tbody');
  for (const row of answer.rows) {
    body.append(
      el(
        'tr',
        {},
        ...columns.map((c) =>
          el('td', { className: typeof row[c] === 'string' && toNumber(row[c]) !== null ? 'num' : '' }, row[c] == null ? '' : String(row[c])),
        ),
      ),
    );
  }
  table.append(body);
  return table;
}

function tiles(answer: MetricAnswer, metrics: string[], catalogue: readonly MetricInfo[], compared: boolean): HTMLElement {
  const wrap = el('div', { className: 'kpis' });
  const grid = el('div', { className: 'tiles' });
  const stores = answer.rows.map((r) => String(r.store ?? ''));
  const draw = (i: number) => {
    const row = answer.rows[i]!;
    grid.replaceChildren(
      ...metrics.map((m) => {
        const mi = info(catalogue, m);
        const tile = el(
          'div',
          { className: 'tile', title: `${mi.label}: ${row[m] ?? '–'}` },
          el('div', { className: 'label' }, mi.label),
          el('div', { className: 'value' }, formatValue(row[m], mi.unit)),
        );
        if (compared) {
          const change = toNumber(row[`${m}_change`]);
          const pct = row[`${m}_change_pct`];
          const arrow = change === null ? '' : change > 0 ? '▲ ' : change < 0 ? '▼ ' : '';
          const amount = mi.unit === 'percent' ? `${row[`${m}_change`] ?? '–'} pts` : pct != null ? `${pct}%` : String(row[`${m}_change`] ?? '–');
          tile.append(
            el(
              'div',
              { className: `change ${change === null ? '' : change > 0 ? 'up' : change < 0 ? 'down' : ''}` },
              `${arrow}${amount} vs ${formatValue(row[`${m}_previous`], mi.unit)}`,
            ),
          );
        }
        return tile;
      }),
    );
  };
  if (stores.length > 1) {
    wrap.append(
      select(
        'Store',
        'store',
        stores.map((s, i) => [String(i), s]),
        '0',
        (v) => draw(Number(v)),
      ),
    );
  } else if (stores[0]) {
    wrap.append(el('p', { className: 'store' }, stores[0]));
  }
  wrap.append(grid);
  if (answer.rows.length) draw(0);
  return wrap;
}

export function renderSection(root: HTMLElement, section: Section, opts: RenderOptions): View {
  const { catalogue } = opts;
  const view = chooseView(section.tool, section.args, section.answer, catalogue);
  const width = opts.width ?? Math.max(320, Math.min(960, root.clientWidth || 720));
  const title = titleOf(section, view, catalogue);
  const chart = el('div', { className: 'chart' });
  const table = tableOf(section.answer, `${title}, ${section.answer.period.from} – ${section.answer.period.to}`);
  const tableWrap = el('div', { className: 'table-wrap', hidden: view.kind !== 'table' }, table);
  const controls = el('div', { className: 'controls' });
  const card = el(
    'section',
    { className: 'card' },
    el('h2', {}, title),
    el('p', { className: 'period' }, periodLine(section.answer)),
    controls,
    chart,
    tableWrap,
  );

  if (view.kind === 'trend' || view.kind === 'ranking') {
    const metric = info(catalogue, view.metric);
    chart.append(
      view.kind === 'trend'
        ? trendChart(section.answer.rows, view.dimension, metric, view.compared, width)
        : rankingChart(section.answer.rows, view.dimension, metric, width),
    );
    const c = section.answer.comparison;
    if (view.kind === 'trend' && c) {
      const previous = `${c.kind === 'last_year' ? 'last year' : 'previous period'} (${c.from} – ${c.to})`;
      chart.append(
        el('p', { className: 'legend' }, el('span', { className: 'key current' }, 'this period'), el('span', { className: 'key previous' }, previous)),
      );
    }
    if (view.kind === 'ranking' && section.answer.rows.some((r) => r.region_average != null)) {
      chart.append(el('p', { className: 'legend' }, el('span', { className: 'key tick' }, 'region average, over the stores you may see')));
    }
    const choices = view.kind === 'trend' ? catalogue.filter((m) => m.period) : catalogue;
    if (opts.onSwitch) {
      const on = opts.onSwitch;
      controls.append(
        select(
          'Metric',
          'metric',
          choices.map((m) => [m.name, m.label]),
          view.metric,
          (metric) => on({ metric }),
        ),
      );
      if (view.kind === 'trend' && GRAINS.includes(view.dimension))
        controls.append(
          select(
            'Grain',
            'grain',
            GRAINS.map((g) => [g, g]),
            view.dimension,
            (grain) => on({ grain }),
          ),
        );
    }
  } else if (view.kind === 'kpis') {
    chart.append(tiles(section.answer, view.metrics, catalogue, view.compared));
  }
  if (opts.onSwitch && view.kind !== 'table') {
    const on = opts.onSwitch;
    const current = section.answer.comparison?.kind ?? 'none';
    controls.append(
      select(
        'Compare with',
        'comparison',
        [
          ['none', 'nothing'],
          ['previous_period', 'previous period'],
          ['last_year', 'last year'],
        ],
        current,
        (comparison) => on({ comparison }),
      ),
    );
  }
  if (view.kind !== 'table') {
    const toggle = el('button', { type: 'button', className: 'toggle' }, 'Show table');
    toggle.setAttribute('aria-pressed', 'false');
    toggle.addEventListener('click', () => {
      const showTable = tableWrap.hidden;
      tableWrap.hidden = !showTable;
      chart.hidden = showTable;
      toggle.textContent = showTable ? 'Show chart' : 'Show table';
      toggle.setAttribute('aria-pressed', String(showTable));
    });
    controls.append(toggle);
  }
  root.replaceChildren(card);
  return view;
}
