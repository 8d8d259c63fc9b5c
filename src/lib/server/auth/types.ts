export interface AuthUser {
  id: string;
  email: string;
}

export interface AuthSession {
  id: string;
  userId: string;
  expiresAt: Date;
}
