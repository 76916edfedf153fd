/**
 * A line comment's Markdown: the finding, and a hidden marker with its fingerprint (HTML
 * comments do not render) by which the next run knows the comment as its own. A comment is
 * the app's only when its author is the app's bot AND it carries the marker. Pure.
 */
import type { Finding } from '../../model/finding.js';

const MARKER_RE = /<!-- kvetch:fp=([A-Za-z0-9:_+/=.-]+)( fixed=v\d+)? -->/;

export function marker(fingerprint: string, fixedIn?: number): string {
  return `<!-- kvetch:fp=${fingerprint}${fixedIn !== undefined ? ` fixed=v${fixedIn}` : ''} -->`;
}

export function commentBody(f: Finding, revision: number): string {
  return [`**kvetch** · ${f.severity} · \`${f.ruleId}\``, '', f.message, '', `<sub>v${revision} · ${docsHint(f.ruleId)}</sub>`, marker(f.fingerprint)].join('\n');
}

/** The comment edited when its finding is fixed but someone answered it (deleting it would orphan the reply). */
export function fixedBody(oldBody: string, fingerprint: string, fixedIn: number): string {
  const text = oldBody
    .replace(MARKER_RE, '')
    .trim()
    .split('\n')
    .map((l) => (l.trim() ? `~~${l.trim()}~~` : l))
    .join('\n');
  return [`**Fixed in v${fixedIn}.**`, '', text, marker(fingerprint, fixedIn)].join('\n');
}

export interface MarkerOf {
  fingerprint: string;
  fixed: boolean;
}

export function readMarker(body: string): MarkerOf | null {
  const m = MARKER_RE.exec(body);
  return m ? { fingerprint: m[1] as string, fixed: m[2] !== undefined } : null;
}

function docsHint(ruleId: string): string {
  return ruleId.startsWith('input/') ? 'docs/input-findings.md' : `docs/analyzers/${ruleId}.md`;
}
