// Types for the browser / bundler entry: the generated declarations, with the
// generated initialiser also named `init`.
export * from '../pkg/vbp_savings.js';
export { default, default as init } from '../pkg/vbp_savings.js';
