/**
 * The import graph of Klynge (issue 10): dependencies point inward only.
 *
 *   src/web ──► src/core                      (the browser app uses only the pure core)
 *   src/cli ─┐
 *   src/http ┴► src/app/<capability> ──► src/infra ──► src/core
 *
 * core is pure; infra (database, migrations, audit, auth, clock/ids, files) imports only core;
 * app holds the capabilities' services; http and cli sit on top. A capability uses another only
 * through its public module (index.ts). `npm test` runs `npm run lint:graph`.
 */
const TEST = '\\.test\\.tsx?$|/testing\\.ts$|/test-[a-z-]+\\.ts$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No module takes part in an import cycle.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure', severity: 'error', comment: 'src/core has no I/O, framework or database: it imports only itself.',
      from: { path: '^src/core/' }, to: { pathNot: ['^src/core/'] },
    },
    {
      name: 'infra-imports-only-core', severity: 'error', comment: 'src/infra is below the services: it imports core and itself only.',
      from: { path: '^src/infra/', pathNot: TEST }, to: { path: '^src/(app|http|cli|web)/|^src/main\\.ts$' },
    },
    {
      name: 'app-below-http-and-cli', severity: 'error', comment: 'Services know nothing of HTTP, the CLI or the web app.',
      from: { path: '^src/app/' }, to: { path: '^src/(http|cli|web)/|^src/main\\.ts$' },
    },
    {
      name: 'http-not-cli-or-web', severity: 'error', comment: 'The HTTP layer and the CLI are siblings on top; neither imports the web app.',
      from: { path: '^src/http/' }, to: { path: '^src/(cli|web)/' },
    },
    {
      name: 'cli-not-web', severity: 'error', from: { path: '^src/cli/' }, to: { path: '^src/web/' },
    },
    {
      name: 'web-uses-only-core', severity: 'error', comment: 'The browser bundle may share the pure core, never server code.',
      from: { path: '^src/web/' }, to: { path: '^src/', pathNot: '^src/(web|core)/' },
    },
    {
      name: 'capability-through-public-module', severity: 'error',
      comment: 'A capability uses another capability only through its index.ts.',
      from: { path: '^src/app/([^/]+)/', pathNot: TEST }, to: { path: '^src/app/[^/]+/', pathNot: ['^src/app/$1/', '^src/app/[^/]+/index\\.ts$'] },
    },
    {
      name: 'layers-through-public-module', severity: 'error',
      comment: 'HTTP, the CLI and first-start seeding use a capability only through its index.ts.',
      from: { path: '^src/(http|cli)/|^src/app/seed\\.ts$', pathNot: TEST }, to: { path: '^src/app/[^/]+/', pathNot: '^src/app/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|^dist/' },
    includeOnly: '^src/',
  },
};
