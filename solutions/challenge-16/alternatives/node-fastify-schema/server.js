// Alternative: Fastify 5 (ES module) validating the query with a JSON schema (enum + default); an
// unknown value gets Fastify's own 400 body ({"statusCode":400,"error":"Bad Request",...}).
import Fastify from 'fastify';

const products = [
  { id: 3, name: 'Webcam', price: 59.5 },
  { id: 7, name: 'Router', price: 74.9 },
  { id: 1, name: 'Keyboard', price: 89.99 },
  { id: 8, name: 'Speaker', price: 8.5 },
  { id: 5, name: 'Charger', price: 19.99 },
  { id: 2, name: 'Monitor', price: 249 },
  { id: 6, name: 'Laptop', price: 999 },
  { id: 4, name: 'Headset', price: 129 },
];

const compare = {
  id: (a, b) => a.id - b.id,
  price: (a, b) => a.price - b.price,
  name: (a, b) => a.name.localeCompare(b.name, 'en'),
};

const app = Fastify({ logger: true });

app.get('/products', {
  schema: {
    querystring: {
      type: 'object',
      properties: {
        sort: { type: 'string', enum: ['id', 'name', 'price'], default: 'id' },
        order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
      },
    },
  },
}, async (request) => {
  const { sort, order } = request.query;
  const sorted = products.toSorted(compare[sort]);
  return order === 'desc' ? sorted.reverse() : sorted;
});

try {
  await app.listen({ port: Number(process.env.PORT || 3000), host: '0.0.0.0' });
} catch (err) {
  app.log.error(err);
  process.exit(1);
}
