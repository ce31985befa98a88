/** The `# checks:` annotation now lives with the feature scanner (support/catalogue/step-annotations.ts), which the clause audit shares. */
export { parseAnnotation, stepAnnotations } from '../support/catalogue/step-annotations';
