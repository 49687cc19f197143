// The import directions of cprosync (docs: STYLE.md « The shape »), checked by `npm test` (test/unit/layers.test.ts):
//   cli, web → services → importers, documents, mail, store → domain
// The lower layers do not import one another; types may cross (`import type` erases at compile time), and the
// CLI's composition root (context.ts) opens the store it hands to services.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds types and rules only: it imports no other layer.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(?!domain/)' },
    },
    {
      name: 'lower-layers-stay-apart',
      comment: 'importers, documents, mail and store build on the domain only, not on one another nor upward.',
      severity: 'error',
      from: { path: '^src/(importers|documents|mail|store)/' },
      to: { path: '^src/(?!domain/)', pathNot: ['^src/$1/', '^src/paths\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-below-the-interfaces',
      comment: 'a use case never reaches back into the command line or the portal.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(cli|web)/' },
    },
    {
      name: 'interfaces-through-services',
      comment: 'cli and web call services; they do not read files, render documents, send mail or query the store themselves.',
      severity: 'error',
      from: { path: '^src/(cli|web)/', pathNot: '^src/cli/context\\.ts$' },
      to: { path: '^src/(importers|documents|mail|store)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-and-web-apart',
      comment: 'the two faces share services, not each other; only `cpro serve` starts the portal.',
      severity: 'error',
      from: { path: '^src/(cli|web)/', pathNot: '^src/cli/commands/serve\\.ts$' },
      to: { path: '^src/(cli|web)/', pathNot: '^src/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
