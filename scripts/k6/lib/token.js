// Development JWTs, signed HS256 with JWT_SECRET the way the shop's login (and `rediclaimctl token`)
// would sign them, so the local gate in jwt mode accepts the simulated users. Without JWT_SECRET the
// scripts send the userId in the body instead (a gate in body mode, development only).
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import { envString } from './config.js';

const SECRET = envString('JWT_SECRET', '');
const CLAIM = envString('JWT_CLAIM', 'sub');
const TTL_SECONDS = 3600;
const HEADER = encoding.b64encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'rawurl');

export const usesTokens = SECRET !== '';

export function token(userId) {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iat: now, exp: now + TTL_SECONDS };
    claims[CLAIM] = userId;
    const payload = encoding.b64encode(JSON.stringify(claims), 'rawurl');
    const signature = crypto.hmac('sha256', SECRET, `${HEADER}.${payload}`, 'base64rawurl');
    return `${HEADER}.${payload}.${signature}`;
}
