/** What source sections of kvetch.yml share: the optional id, and the bound on a local source's round. */
import { z } from 'zod';

/** A source's id, when the config names one (default: the source's own, such as `lore:kvm`). */
export const sourceIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only').optional();

/** At most about this many mails per round (default 1000); the rest come in the next rounds. */
export const maxPerRoundSchema = z.number().int().positive().default(1000);
