import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true },
  // Native / Node-only packages stay external in the server bundle.
  ssr: { external: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'] },
  optimizeDeps: { exclude: ['@electric-sql/pglite'] }
});
