/**
 * Findings as check-run annotations: every finding that stands and has a place in a file, its
 * level from its severity (error → failure, warning → warning, info → notice). GitHub takes
 * at most 50 per request: `batches` cuts them. Pure.
 */
import type { Finding, Severity } from '../../model/finding.js';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  title: string;
  message: string;
}

/** What GitHub accepts in one create or update of a check run. */
export const ANNOTATIONS_PER_REQUEST = 50;

const LEVEL: Readonly<Record<Severity, Annotation['annotation_level']>> = { error: 'failure', warning: 'warning', info: 'notice' };

export function annotationOf(f: Finding): Annotation | null {
  if (f.versions?.status === 'fixed' || !f.location?.path) return null;
  const line = f.location.line ?? 1;
  return {
    path: f.location.path,
    start_line: line,
    end_line: Math.max(line, f.location.endLine ?? line),
    annotation_level: LEVEL[f.severity],
    title: `${f.ruleId} (${f.severity})`,
    message: f.message.slice(0, 64 * 1024),
  };
}

export function annotationsOf(findings: readonly Finding[]): Annotation[] {
  return findings.map(annotationOf).filter((a): a is Annotation => a !== null);
}

export function batches<T>(xs: readonly T[], size: number = ANNOTATIONS_PER_REQUEST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
