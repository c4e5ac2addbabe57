/**
 * The lab's build: three pages (playground, walkthrough, images) plus a home page, built from lab/ into
 * dist/lab/www/, which is what src/lab/server.ts serves. Library code is imported from ../src directly.
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// The same isolation headers as the lab server, so `vite dev` behaves like the built lab (threads work).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * The lab runs in browsers: a static import of a Node builtin anywhere in what it imports (lab code or
 * library code) fails the build and names the importer, instead of Vite's warning and a broken page.
 * (Dynamic imports of a computed path, like LinearClassifier's Node-only file layer, are not followed.)
 */
function noNodeBuiltins(): Plugin {
  return {
    name: 'linclass-no-node-builtins',
    enforce: 'pre',
    resolveId(id, importer) {
      if (NODE_BUILTINS.has(id)) {
        this.error(`${importer ?? 'the lab'} imports the Node builtin '${id}', which browsers do not have; split the Node-only part into its own module`);
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [noNodeBuiltins()],
  root: here('.'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: here('../dist/lab/www'),
    emptyOutDir: true,
    target: 'es2022',
    // Source maps stay out of the package: the library ships its own.
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        home: here('index.html'),
        playground: here('playground/index.html'),
        walkthrough: here('walkthrough/index.html'),
        images: here('images/index.html'),
      },
    },
  },
  worker: { format: 'es', plugins: () => [noNodeBuiltins()] },
  server: { headers: isolation, fs: { allow: [here('..')] } },
  preview: { headers: isolation },
});
