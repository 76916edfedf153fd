/** One line of the send log (send-log.ts): what it holds, and reading it back. */

export interface SendLogEntry {
  messageId: string;
  acceptedAt: Date;
  response?: string;
}

/** The end of a DATA: attempt `attempt` of the Message-ID had given the server the whole mail. */
export interface DataEndEntry {
  messageId: string;
  attempt: number;
  dataEndAt: Date;
}

export type Line = ({ kind: 'accepted' } & SendLogEntry) | ({ kind: 'data-end' } & DataEndEntry);

export function parseLine(line: string): Line | null {
  try {
    const v = JSON.parse(line) as { messageId?: unknown; acceptedAt?: unknown; response?: unknown; attempt?: unknown; dataEndAt?: unknown };
    if (typeof v.messageId !== 'string') return null;
    if (typeof v.dataEndAt === 'string' && typeof v.attempt === 'number') {
      const at = new Date(v.dataEndAt);
      return Number.isNaN(at.getTime()) ? null : { kind: 'data-end', messageId: v.messageId, attempt: v.attempt, dataEndAt: at };
    }
    if (typeof v.acceptedAt !== 'string') return null;
    const at = new Date(v.acceptedAt);
    if (Number.isNaN(at.getTime())) return null;
    return { kind: 'accepted', messageId: v.messageId, acceptedAt: at, ...(typeof v.response === 'string' ? { response: v.response } : {}) };
  } catch {
    return null;
  }
}
