import type { CookieSerializeOptions } from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasCode } from '../../../platform/errors/app-error.js';
import { ACCESS_TOKEN_COOKIE, requirePrincipal } from '../../../platform/http/principal.js';
import {
  AuthErrors,
  JwksResponse,
  LoginBody,
  REFRESH_TOKEN_COOKIE,
  REFRESH_TOKEN_COOKIE_PATH,
  RefreshBody,
  RegisterBody,
  TokenResponse,
  UserView,
} from '../contract.js';
import { getAccount } from '../app/accounts.js';
import type { AuthContext } from '../app/context.js';
import { login } from '../app/login.js';
import { logout, refresh } from '../app/refresh.js';
import { register } from '../app/register.js';
import { errorResponses } from '../../../platform/http/index.js';

export interface AuthRouteOptions {
  /** Secure cookies even on plain http (production sits behind TLS termination). */
  secureCookies: boolean;
  /** Sign-in attempts per client address per minute, on top of the account lockout. */
  loginPerMinute: number;
}

const tags = ['auth'];
const errors = errorResponses;

/** The auth routes: register, login, refresh, logout, me and the JWKS. */
export function authRoutes(ctx: AuthContext, options: AuthRouteOptions): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    const cookieOptions = (
      request: FastifyRequest,
      path: string,
      maxAgeSeconds?: number,
    ): CookieSerializeOptions => ({
      httpOnly: true,
      sameSite: 'strict',
      path,
      secure: options.secureCookies || request.protocol === 'https',
      ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
    });

    const setSessionCookies = (request: FastifyRequest, reply: FastifyReply, tokens: TokenResponse) => {
      reply.setCookie(ACCESS_TOKEN_COOKIE, tokens.accessToken, cookieOptions(request, '/', tokens.expiresIn));
      reply.setCookie(
        REFRESH_TOKEN_COOKIE,
        tokens.refreshToken,
        cookieOptions(request, REFRESH_TOKEN_COOKIE_PATH, ctx.settings.refreshTtlSeconds),
      );
    };

    const presentedRefreshToken = (request: FastifyRequest, body: RefreshBody) =>
      body.refreshToken ?? nonEmpty(request.cookies[REFRESH_TOKEN_COOKIE]);

    app.post(
      '/auth/register',
      {
        schema: {
          tags,
          summary: 'Create a customer account',
          body: RegisterBody,
          response: { 201: UserView, ...errors(400, 409) },
        },
      },
      async (request, reply) => {
        const user = await register(ctx, request.body);
        return reply.code(201).send(user);
      },
    );

    app.post(
      '/auth/login',
      {
        config: { rateLimit: { max: options.loginPerMinute, timeWindow: 60_000 } },
        schema: {
          tags,
          summary: 'Sign in: returns the tokens and sets them as HTTP-only cookies',
          body: LoginBody,
          response: { 200: TokenResponse, ...errors(400, 401, 403, 423, 429) },
        },
      },
      async (request, reply) => {
        try {
          const tokens = await login(ctx, request.body);
          setSessionCookies(request, reply, tokens);
          return tokens;
        } catch (error) {
          if (hasCode(error, AuthErrors.ACCOUNT_LOCKED)) {
            const retryAfter = (error as { details?: { retryAfterSeconds?: number } }).details
              ?.retryAfterSeconds;
            if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
          }
          throw error;
        }
      },
    );

    app.post(
      '/auth/refresh',
      {
        preValidation: allowEmptyBody,
        schema: {
          tags,
          summary: 'Exchange a refresh token (body or sb_refresh cookie) for new tokens',
          body: RefreshBody,
          response: { 200: TokenResponse, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const token = presentedRefreshToken(request, request.body);
        const tokens = await refresh(ctx, token ?? '');
        setSessionCookies(request, reply, tokens);
        return tokens;
      },
    );

    app.post(
      '/auth/logout',
      {
        preValidation: allowEmptyBody,
        schema: {
          tags,
          summary: 'Sign out: revoke the refresh token family and clear the cookies',
          body: RefreshBody,
          response: { 204: Type.Null(), ...errors(400) },
        },
      },
      async (request, reply) => {
        await logout(ctx, presentedRefreshToken(request, request.body));
        reply.clearCookie(ACCESS_TOKEN_COOKIE, cookieOptions(request, '/'));
        reply.clearCookie(REFRESH_TOKEN_COOKIE, cookieOptions(request, REFRESH_TOKEN_COOKIE_PATH));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        schema: {
          tags,
          summary: 'The signed-in account, read from the database',
          security: [{ bearerAuth: [] }, { cookieAuth: [] }],
          response: { 200: UserView, ...errors(401, 404) },
        },
      },
      async (request) => getAccount(ctx, requirePrincipal(request).userId),
    );

    app.get(
      '/.well-known/jwks.json',
      {
        schema: {
          tags,
          summary: 'The public keys that verify access tokens',
          response: { 200: JwksResponse },
        },
      },
      async (_request, reply) => {
        // Verifiers refetch on an unknown kid, so a short cache never hides a freshly rotated key for long.
        reply.header('cache-control', 'public, max-age=300');
        return (await ctx.keys.jwks()) as JwksResponse;
      },
    );
  };
}

/** Browsers refresh and sign out with the cookie alone and no body at all; validate that as `{}`. */
async function allowEmptyBody(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
