// PowerShell files are bundled as text (esbuild's text loader; the transform in vitest.config.ts).
declare module '*.ps1' {
  const text: string;
  export default text;
}
