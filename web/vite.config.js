// The page is served by strata itself at "/", so assets are referenced from the root.
export default {
  base: '/',
  build: { assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 1000 },
};
