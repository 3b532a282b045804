# Multi-stage build: compile in one stage, a slim non-root runtime with production dependencies
# and the compiled JavaScript (dist/) in the next. No TypeScript, tsx or dev dependencies at runtime.
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Dependencies first (cached while package*.json are unchanged). Root lifecycle scripts run after
# the sources are copied; dependencies' install scripts are denied in package.json (allowScripts).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run postinstall --if-present \
  && npm run build \
  && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# Stack traces point at the TypeScript sources (dist/ ships source maps).
ENV NODE_OPTIONS=--enable-source-maps
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
# dist/ holds src/ and seed/ compiled, plus the sql/ and migrations/ they read at runtime.
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
# The embedded database (no DATABASE_URL) writes its data dir here.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# bin/healthcheck.js sends PUBLIC_URL's host when it is set: the server refuses other Hosts then.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node bin/healthcheck.js /healthz "${PUBLIC_URL:-}"
# bin/retail-mcp.js runs dist/src/cli.js when dist/ exists (always, in this image).
ENTRYPOINT ["node", "bin/retail-mcp.js"]
CMD ["serve", "--http", "--host", "0.0.0.0", "--port", "3000"]
