/**
 * The lab's build: three pages (playground, walkthrough, images) plus a home page, built from lab/ into
 * dist/lab/www/, which is what src/lab/server.ts serves. Library code is imported from ../src directly.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// The same isolation headers as the lab server, so `vite dev` behaves like the built lab (threads work).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
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
  worker: { format: 'es' },
  server: { headers: isolation, fs: { allow: [here('..')] } },
  preview: { headers: isolation },
});
