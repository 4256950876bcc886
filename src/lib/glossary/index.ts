/** Plain-language explanations of each metric, band and effect the studio shows. */
export { GLOSSARY, explain, explainText, type GlossaryEntry } from './glossary';
