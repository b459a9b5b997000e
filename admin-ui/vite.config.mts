import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [react()],
  // @phaseflow/forms resolves through the workspace symlink to forms/src/index.ts, outside node_modules,
  // so Vite compiles its TypeScript like our own source (and follows its `./x.js` imports to `./x.ts`)
  resolve: { preserveSymlinks: false },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: 'http://localhost:4000', changeOrigin: true },
      '/attachments': { target: 'http://localhost:4000', changeOrigin: true },
      '/exports': { target: 'http://localhost:4000', changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/graphql': { target: 'http://localhost:4000', changeOrigin: true },
      '/attachments': { target: 'http://localhost:4000', changeOrigin: true },
      '/exports': { target: 'http://localhost:4000', changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // no source maps in the served build: the console's sources are not published
    sourcemap: false,
    rolldownOptions: {
      output: {
        // libraries change far less often than the console: keep them in their own cacheable chunks
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'mui', test: /node_modules[\\/](@mui|@emotion|@popperjs)[\\/]/, priority: 2 },
            { name: 'react-admin', test: /node_modules[\\/](react-admin|ra-[\w-]+|@haxqer)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
