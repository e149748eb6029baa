/**
 * Every line of the Prometheus text format: a comment, or `name{labels} value`. Values are parsed
 * by Go's ParseFloat, which takes NaN and Inf in any case (prom-client writes "Nan").
 */
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|[Nn][Aa][Nn]|[+-][Ii][Nn][Ff])$/;

/** Splits a /metrics body into sample lines, and lines that break the format (should be none). */
export function parsePrometheusText(text: string): { samples: string[]; bad: string[] } {
  const lines = text.split('\n').filter((line) => line !== '');
  return {
    samples: lines.filter((line) => SAMPLE.test(line)),
    bad: lines.filter((line) => !line.startsWith('# HELP ') && !line.startsWith('# TYPE ') && !SAMPLE.test(line)),
  };
}

/** The value of the sample whose name and labels contain all of `parts`, or undefined. */
export function sampleValue(samples: string[], ...parts: string[]): number | undefined {
  const line = samples.find((sample) => parts.every((part) => sample.includes(part)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}
