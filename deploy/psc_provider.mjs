// A stand-in for Pro Santé Connect, for the tests and `make smoke`: npm's oidc-provider (an
// OpenID Certified OP library) behind a small HTTP front that serves discovery at PSC's wallet
// path. Nothing is downloaded at run time; the keys are drawn at each start.
//
// Environment:
//   PSC_OP_PORT      port to listen on, on 127.0.0.1 only
//   PSC_OP_CLIENTS   JSON list of clients: {client_id, client_secret, redirect_uris,
//                    post_logout_redirect_uris, userinfo_jwt?}
//   PSC_OP_ACCOUNTS  path of a JSON file read at every login and token: {login: {sub, acr,
//                    tamper, claims}}; a test rewrites it to set one person's claims and acr.
//
// `tamper` makes the next ID token of that account wrong on purpose ("nonce", "signature",
// "expired", "audience", "issuer"), to prove the portal refuses it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const REALM = '/auth/realms/esante-wallet';
const WALLET_DISCOVERY = `${REALM}/.well-known/wallet-openid-configuration`;
const PSC_CLAIMS = [
  'SubjectNameID', 'SubjectRefPro', 'SubjectOrganization', 'SubjectRole', 'otherIds',
  'preferred_username', 'given_name', 'family_name', 'email',
];

const port = Number(process.env.PSC_OP_PORT || '0');
const accountsPath = process.env.PSC_OP_ACCOUNTS;
const clients = JSON.parse(process.env.PSC_OP_CLIENTS || '[]');
if (!port || !accountsPath || !clients.length) {
  console.error('PSC_OP_PORT, PSC_OP_ACCOUNTS and PSC_OP_CLIENTS are required');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}${REALM}`;

function accounts() {
  return JSON.parse(readFileSync(accountsPath, 'utf8'));
}

function accountBySub(sub) {
  return Object.values(accounts()).find((account) => account.sub === sub);
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>${escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: sans-serif; max-width: 32rem; margin: 2rem auto;">
<h1>${escape(title)}</h1>${body}</body></html>`;
}

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'psc-test', alg: 'RS256', use: 'sig' };
// Same kid, other key: an ID token signed with it fails the portal's JWKS check.
const { privateKey: foreignKey } = await jose.generateKeyPair('RS256');

const provider = new Provider(issuer, {
  clients: clients.map((client) => ({
    client_id: client.client_id,
    client_secret: client.client_secret,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris || [],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...(client.userinfo_jwt ? { userinfo_signed_response_alg: 'RS256' } : {}),
  })),
  jwks: { keys: [signingJwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  scopes: ['openid', 'scope_all'],
  claims: { openid: ['sub'], scope_all: PSC_CLAIMS },
  acrValues: ['eidas1', 'eidas2', 'eidas3'],
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Déconnexion de Pro Santé Connect', `${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Vous êtes déconnecté de Pro Santé Connect', '');
      },
    },
  },
  ttl: { AccessToken: 120, AuthorizationCode: 60, IdToken: 120, Interaction: 600, Session: 3600, Grant: 3600 },
  async findAccount(ctx, sub) {
    const account = accountBySub(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ ...account.claims, sub }) };
  },
  // The portal is the client of the council itself: no consent screen, as on PSC.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid scope_all');
    grant.addOIDCClaims(['acr']);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

// After the token endpoint: spoil the ID token when the account asks for it.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.oidc?.route !== 'token' || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const tamper = accountBySub(claims.sub)?.tamper;
  if (!tamper) return;
  const now = Math.floor(Date.now() / 1000);
  const spoilt = { ...claims };
  if (tamper === 'nonce') spoilt.nonce = 'un-autre-nonce';
  if (tamper === 'expired') Object.assign(spoilt, { iat: now - 1200, exp: now - 600 });
  if (tamper === 'audience') spoilt.aud = 'un-autre-client';
  if (tamper === 'issuer') spoilt.iss = 'http://127.0.0.1:1/autre';
  const key = tamper === 'signature' ? foreignKey : privateKey;
  ctx.body = {
    ...ctx.body,
    id_token: await new jose.SignJWT(spoilt).setProtectedHeader({ alg: 'RS256', kid: 'psc-test' }).sign(key),
  };
});

const callback = provider.callback();

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

// The e-CPS screen: the test person types their national identifier (their "card").
async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'POST' && action === 'login') {
    const login = (await readForm(req)).get('login') || '';
    const account = accounts()[login];
    if (!account) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Carte inconnue', `<p>Aucune carte de test pour ${escape(login)}.</p>`));
      return;
    }
    const result = { login: { accountId: account.sub, amr: ['mfa'] } };
    if (account.acr) result.login.acr = account.acr;
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page('Pro Santé Connect (test)', `
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Identifiant national (carte e-CPS de test)</label>
<input id="login" name="login" autocomplete="off" required>
<button type="submit">Valider</button></form>`));
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const match = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login))?$/);
    if (match) {
      await interaction(req, res, match[1], match[2]);
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200);
      res.end('ok');
      return;
    }
    if (!url.pathname.startsWith(REALM)) {
      res.writeHead(404);
      res.end();
      return;
    }
    req.originalUrl = req.url;
    if (url.pathname === WALLET_DISCOVERY) {
      req.originalUrl = `${REALM}/.well-known/openid-configuration`;
    }
    req.url = req.originalUrl.slice(REALM.length) || '/';
    callback(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.listen(port, '127.0.0.1', () => {
  console.log(`psc provider listening on ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
