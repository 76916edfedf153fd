/**
 * Who a series is for: each path a series touches goes through MAINTAINERS (the index gives
 * matchSections' answer), and every `M:` (maintainer), `R:` (reviewer) and `L:` (list) of a
 * section that claims it is a recipient of that section. THE REST (a leading `*` pattern, the
 * catch-all that names every file) routes nothing: it is nobody's subsystem.
 */
import { MaintainersIndex } from '../../kernel/maintainers-index.js';
import { mailmapEmail, parseEmail } from '../../kernel/maintainers-email.js';
import type { MaintainersDb, MaintainersSection } from '../../kernel/maintainers.js';
import type { DigestRecipient, RecipientRole } from './model.js';

export class Router {
  private readonly index: MaintainersIndex;
  private readonly people = new Map<MaintainersSection, DigestRecipient[]>();

  constructor(private readonly db: MaintainersDb) {
    this.index = new MaintainersIndex(db);
  }

  /** The sections that own `path` (THE REST left out), most specific first. */
  sectionsOf(path: string): MaintainersSection[] {
    return this.index
      .sectionsOf(path)
      .filter((m) => m.depth >= 0)
      .map((m) => m.section);
  }

  /** A section's recipients, in MAINTAINERS order, renamed by .mailmap. */
  recipientsOf(section: MaintainersSection): DigestRecipient[] {
    const hit = this.people.get(section);
    if (hit) return hit;
    const out: DigestRecipient[] = [];
    for (const e of section.entries) {
      const role: RecipientRole | null = e.type === 'M' ? 'maintainer' : e.type === 'R' ? 'reviewer' : e.type === 'L' ? 'list' : null;
      if (!role) continue;
      const text = role === 'list' ? (e.value.split(/\s+/)[0] ?? '') : mailmapEmail(this.db.mailmap, e.value);
      const { name, address } = parseEmail(text);
      if (address === '') continue;
      out.push({ display: role === 'list' ? address.toLowerCase() : text, name, address: address.toLowerCase(), role });
    }
    this.people.set(section, out);
    return out;
  }
}
