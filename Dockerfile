# kvetch's container image. Three stages: `build` compiles src/ with tsc, `deps` installs the
# production dependencies (better-sqlite3's native addon built there), `runtime` is the slim
# image that runs them as the non-root `node` user.
#
#   docker build -t kvetch .
#
# The GitHub app (Probot's server on $PORT, state in $KVETCH_DB; dry run unless KVETCH_DRY_RUN=0):
#   docker run -p 3000:3000 -e APP_ID=123 -e PRIVATE_KEY="$(cat app.pem)" -e WEBHOOK_SECRET=... \
#     -v kvetch-state:/home/node/.local/state/kvetch kvetch
# The mail daemon (a config file mounted read-only; its db: should live on a volume too):
#   docker run -v "$PWD/kvetch.yml:/etc/kvetch/kvetch.yml:ro" \
#     -v kvetch-state:/home/node/.local/state/kvetch kvetch watch --config /etc/kvetch/kvetch.yml
#
# test/integration/docker-recipe.test.ts runs these stages without Docker; see its header.

# build: every dependency (tsc is a devDependency), then src/ only (tsconfig.build.json) to dist/src.
# --ignore-scripts: the package's own `prepare` would run the full build, and tsc needs no native addon.
FROM node:20.19-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src/ ./src/
RUN npx tsc -p tsconfig.build.json && chmod +x dist/src/cli/main.js

# deps: production dependencies only. The full bookworm image has python3, make and g++ for
# better-sqlite3 when no prebuilt binary can be downloaded.
FROM node:20.19-bookworm AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm rebuild better-sqlite3

# runtime: node_modules from deps, dist/src from build, package.json (read for --version) and
# app.yml (Probot's manifest setup). State goes under the node user's home.
FROM node:20.19-bookworm-slim AS runtime
WORKDIR /app
# MALLOC_MMAP_THRESHOLD_: glibc's fixed mmap threshold; its dynamic one lets freed message
# buffers fragment the malloc heap (docs/performance.md, Memory: ~50 MB less peak RSS).
ENV NODE_ENV=production \
    MALLOC_MMAP_THRESHOLD_=131072 \
    PORT=3000 \
    HOST=0.0.0.0 \
    KVETCH_DB=/home/node/.local/state/kvetch/state.db
COPY --from=deps /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
COPY package.json app.yml ./
USER node
EXPOSE 3000
# Probot answers GET /ping with PONG. The slim image has no curl: node's fetch asks. (No
# --start-period: dockerfilelint 1.8 misreads the option's name; the app is up well within 30 s.)
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ping').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli/main.js"]
CMD ["app"]
