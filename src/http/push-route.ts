import express, { Router } from 'express';
import type { PushRouter } from '../feeds/feed-runner';
import { ERROR_CODES, LivewallError } from '../errors';
import { MAX_PUSH_BODY_BYTES, type PushAccepted } from '../protocol';

/**
 * `POST /api/topics/:topic`: pushes one sample (`{ values, ts? }`) or an array of them to a
 * push topic, with `Authorization: Bearer <token>`. The body is read as JSON whatever its
 * Content-Type, so a bare `curl -d '{"values":{…}}'` works.
 */
export function createPushRoute(push: PushRouter): Router {
  const router = Router();
  router.post('/topics/:topic', express.json({ limit: MAX_PUSH_BODY_BYTES, type: () => true, strict: true }), async (req, res) => {
    // One sample or an array of them; the topic's feed checks them, after the topic and the token.
    const body: unknown = req.body;
    const samples: unknown[] = Array.isArray(body) ? body : [body];
    const token = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const result = await push(req.params.topic, token, samples);
    if (!result.ok) {
      if (result.code === ERROR_CODES.UNAUTHORIZED) res.set('WWW-Authenticate', 'Bearer');
      throw new LivewallError(result.code, result.message);
    }
    res.status(202).json({ accepted: result.accepted } satisfies PushAccepted);
  });
  return router;
}
