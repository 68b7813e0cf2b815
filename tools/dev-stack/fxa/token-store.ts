import { randomBytes } from 'node:crypto';
import type { Introspection } from './types';

const CODE_TTL_MS = 5 * 60 * 1000;

/** What the user approved: everything a code, and the tokens it leads to, carry along. */
export interface Grant {
  clientId: string;
  scope: string;
  email: string;
  offline: boolean;
  /** Epoch seconds of the sign-in. */
  authAt: number;
}

export interface CodeRecord {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  /** Links the tokens minted from this code, so a replayed code can revoke them. */
  grantId: string;
}

interface StoredCode extends CodeRecord {
  expiresAt: number;
  used: boolean;
}

export interface RefreshRecord {
  clientId: string;
  scope: string;
  email: string;
  grantId: string;
}

export interface AccessRecord {
  clientId: string;
  scope: string;
  email: string;
  grantId: string;
  expiresAt: number;
  refreshToken?: string;
}

export type Redemption = { kind: 'ok'; record: CodeRecord } | { kind: 'unknown' } | { kind: 'reused' };

function randomToken(): string {
  return randomBytes(32).toString('hex');
}

export class TokenStore {
  private readonly codes = new Map<string, StoredCode>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly accessTokens = new Map<string, AccessRecord>();

  constructor(private readonly now: () => number) {}

  issueCode(grant: Grant, redirectUri: string, codeChallenge: string): string {
    const code = randomToken();
    this.codes.set(code, {
      grant,
      redirectUri,
      codeChallenge,
      grantId: randomToken(),
      expiresAt: this.now() + CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  /** Single use: the first redemption wins; a replay revokes what the first one got (RFC 6749 4.1.2). */
  redeemCode(code: string): Redemption {
    const stored = this.codes.get(code);
    if (!stored || stored.expiresAt <= this.now()) return { kind: 'unknown' };
    if (stored.used) {
      this.revokeGrant(stored.grantId);
      return { kind: 'reused' };
    }
    stored.used = true;
    return { kind: 'ok', record: stored };
  }

  mintRefresh(record: RefreshRecord): string {
    const token = randomToken();
    this.refreshTokens.set(token, { ...record });
    return token;
  }

  mintAccess(record: AccessRecord): string {
    const token = randomToken();
    this.accessTokens.set(token, { ...record });
    return token;
  }

  findRefresh(token: string): RefreshRecord | undefined {
    return this.refreshTokens.get(token);
  }

  /** Only live access tokens: expired ones are as good as unknown. */
  findAccess(token: string): AccessRecord | undefined {
    const record = this.accessTokens.get(token);
    return record && record.expiresAt > this.now() ? record : undefined;
  }

  /** A refresh token takes its access tokens with it; an access token goes alone. */
  revoke(token: string): void {
    if (this.refreshTokens.delete(token)) {
      for (const [access, record] of this.accessTokens) {
        if (record.refreshToken === token) this.accessTokens.delete(access);
      }
    }
    this.accessTokens.delete(token);
  }

  revokeAll(): void {
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  /** Refresh tokens are never active here, so a proxy checking bearer tokens cannot be handed one. */
  introspect(token: string): Introspection {
    const record = this.findAccess(token);
    if (!record) return { active: false };
    return { active: true, scope: record.scope, exp: Math.floor(record.expiresAt / 1000), clientId: record.clientId };
  }

  private revokeGrant(grantId: string): void {
    for (const [token, record] of this.refreshTokens) if (record.grantId === grantId) this.refreshTokens.delete(token);
    for (const [token, record] of this.accessTokens) if (record.grantId === grantId) this.accessTokens.delete(token);
  }
}
