import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['test/setup.ts'],
    server: {
      deps: {
        inline: [/@jupyter\//, /@jupyterlab\//, /@microsoft\//, /@lumino\//]
      }
    }
  }
});
