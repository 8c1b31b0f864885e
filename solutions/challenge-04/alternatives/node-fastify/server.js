// Alternative: Fastify (ES module) validating the body with a JSON schema (type coercion off, so
// 42 is not turned into "42"), UUID string ids from crypto.randomUUID, one error handler for 400s.
import Fastify from "fastify";
import { randomUUID } from "node:crypto";

const app = Fastify({ ajv: { customOptions: { coerceTypes: false, removeAdditional: false } } });

const userBody = {
  type: "object",
  required: ["name", "email"],
  properties: { name: { type: "string" }, email: { type: "string" } },
};

app.setErrorHandler((err, request, reply) => {
  const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
  const error = err.validation
    ? `invalid body: ${err.message}`
    : status === 400 ? `Request body must be a valid JSON object (${err.message})` : "internal error";
  reply.code(status).send({ error });
});

app.post("/users", { schema: { body: userBody } }, async (request, reply) => {
  const { name, email } = request.body;
  const user = { id: randomUUID(), name, email, createdAt: new Date().toISOString() };
  return reply.code(201).send(user);
});

const port = Number(process.env.PORT ?? 3000);
await app.listen({ host: "0.0.0.0", port });
console.log(`fastify listening on ${port}`);
