const express = require('express');
// const { ApolloServer } = require('@apollo/server');
// const { expressMiddleware } = require('@as-integrations/express4');
// const { GraphQLError } = require('graphql');

// TODO: the schema of the spec as SDL (types Author, Book, input BookInput, Query, Mutation).
const typeDefs = `#graphql
  type Query {
    _todo: Boolean
  }
`;

// TODO: in-memory authors and books, and the resolvers: Query (authors, author, books, book),
//       Mutation (addAuthor, addBook, deleteBook) and the nested Author.books / Book.author.
//       Field errors: throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } }).
const resolvers = {};

async function main() {
  const app = express();

  // TODO: const server = new ApolloServer({ typeDefs, resolvers }); await server.start();
  //       app.use('/graphql', express.json(), expressMiddleware(server));
  app.post('/graphql', (req, res) => {
    res.status(501).json({ errors: [{ message: 'not implemented yet' }] });
  });

  const PORT = process.env.PORT || 3000;
  app.listen(PORT, '0.0.0.0', () => {
    console.log(`Server listening on port ${PORT}`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
