import type { AuthSession, AuthUser } from '$lib/server/auth/types';

declare global {
  namespace App {
    interface Error {
      message: string;
      code?: string;
    }
    interface Locals {
      user: AuthUser | null;
      session: AuthSession | null;
      /** How the request authenticated: browser cookie or personal access token. */
      authVia: 'cookie' | 'token' | null;
    }
  }
}

export {};
