const express = require('express');
const { ApolloServer } = require('@apollo/server');
const { expressMiddleware } = require('@as-integrations/express4');
const { GraphQLError } = require('graphql');

const typeDefs = `#graphql
  type Author {
    id: ID!
    name: String!
    books: [Book!]!
  }

  type Book {
    id: ID!
    title: String!
    year: Int
    author: Author!
  }

  input BookInput {
    title: String!
    year: Int
    authorId: ID!
  }

  type Query {
    authors: [Author!]!
    author(id: ID!): Author
    books(authorId: ID): [Book!]!
    book(id: ID!): Book
  }

  type Mutation {
    addAuthor(name: String!): Author
    addBook(input: BookInput!): Book
    deleteBook(id: ID!): Boolean!
  }
`;

// In memory; Maps keep insertion order, which is the "oldest first" the spec asks for.
const authors = new Map();
const books = new Map();
let nextAuthorId = 1;
let nextBookId = 1;

function fieldError(message, code) {
  return new GraphQLError(message, { extensions: { code } });
}

function requireText(value, what) {
  if (value.trim() === '') throw fieldError(`${what} must not be empty`, 'BAD_USER_INPUT');
}

const resolvers = {
  Query: {
    authors: () => [...authors.values()],
    author: (_, { id }) => authors.get(id) ?? null,
    books: (_, { authorId }) => {
      const all = [...books.values()];
      return authorId === undefined || authorId === null ? all : all.filter((b) => b.authorId === authorId);
    },
    book: (_, { id }) => books.get(id) ?? null,
  },
  Mutation: {
    addAuthor: (_, { name }) => {
      requireText(name, 'name');
      const author = { id: String(nextAuthorId++), name };
      authors.set(author.id, author);
      return author;
    },
    addBook: (_, { input }) => {
      requireText(input.title, 'title');
      if (!authors.has(input.authorId)) throw fieldError(`no author with id ${input.authorId}`, 'NOT_FOUND');
      const book = { id: String(nextBookId++), title: input.title, year: input.year ?? null, authorId: input.authorId };
      books.set(book.id, book);
      return book;
    },
    deleteBook: (_, { id }) => books.delete(id),
  },
  Author: {
    books: (author) => [...books.values()].filter((b) => b.authorId === author.id),
  },
  Book: {
    author: (book) => authors.get(book.authorId),
  },
};

async function main() {
  const server = new ApolloServer({ typeDefs, resolvers });
  await server.start();

  const app = express();
  app.use('/graphql', express.json(), expressMiddleware(server));

  const PORT = process.env.PORT || 3000;
  app.listen(PORT, '0.0.0.0', () => {
    console.log(`GraphQL server listening on port ${PORT}`);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
