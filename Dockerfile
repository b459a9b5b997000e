# Phaseflow: API, Temporal worker and admin console in one image. PostgreSQL and Temporal come from outside
# (DATABASE_URL, TEMPORAL_ADDRESS); see docker-compose.yml.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# The manifests first, so that the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY forms/package.json forms/
COPY workflows/package.json workflows/
COPY server/package.json server/
COPY server/scripts/install-tools.mjs server/scripts/
COPY admin-ui/package.json admin-ui/
COPY test/package.json test/
# The compose file supplies Temporal, so the CLI and test server binaries are not needed in the image.
RUN PHASEFLOW_SKIP_TOOLS=1 npm ci --no-audit --no-fund
COPY . .
# The workflow bundle is built here once; the worker loads it instead of bundling at every start.
RUN npm run build:workflows \
 && npm run build -w @phaseflow/admin-ui \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .data .tools

FROM node:20-bookworm-slim
WORKDIR /app
ENV PORT=4000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data \
    TSX_TSCONFIG_PATH=server/tsconfig.json \
    WORKFLOW_BUNDLE=/app/workflows/dist/workflow-bundle.js
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Plain node, so that signals reach Phaseflow directly (no npm or npx shell in between).
CMD ["node", "--import", "tsx", "server/src/main.ts"]
