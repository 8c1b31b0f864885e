// Alternative: a code-first graphql-js schema served by graphql-http (no Apollo), UUID ids.
const express = require('express');
const crypto = require('crypto');
const {
  GraphQLSchema, GraphQLObjectType, GraphQLInputObjectType, GraphQLNonNull, GraphQLList,
  GraphQLID, GraphQLString, GraphQLInt, GraphQLBoolean, GraphQLError,
} = require('graphql');
const { createHandler } = require('graphql-http/lib/use/express');

const db = { authors: [], books: [] };
const nn = (t) => new GraphQLNonNull(t);
const list = (t) => nn(new GraphQLList(nn(t)));

const AuthorType = new GraphQLObjectType({
  name: 'Author',
  fields: () => ({
    id: { type: nn(GraphQLID) },
    name: { type: nn(GraphQLString) },
    books: { type: list(BookType), resolve: (a) => db.books.filter((b) => b.authorId === a.id) },
  }),
});

const BookType = new GraphQLObjectType({
  name: 'Book',
  fields: () => ({
    id: { type: nn(GraphQLID) },
    title: { type: nn(GraphQLString) },
    year: { type: GraphQLInt },
    author: { type: nn(AuthorType), resolve: (b) => db.authors.find((a) => a.id === b.authorId) },
  }),
});

const BookInput = new GraphQLInputObjectType({
  name: 'BookInput',
  fields: { title: { type: nn(GraphQLString) }, year: { type: GraphQLInt }, authorId: { type: nn(GraphQLID) } },
});

const blank = (s) => !s.trim();
const fail = (message, code) => { throw new GraphQLError(message, { extensions: { code } }); };

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      authors: { type: list(AuthorType), resolve: () => db.authors },
      author: { type: AuthorType, args: { id: { type: nn(GraphQLID) } }, resolve: (_, { id }) => db.authors.find((a) => a.id === id) },
      books: {
        type: list(BookType),
        args: { authorId: { type: GraphQLID } },
        resolve: (_, { authorId }) => (authorId == null ? db.books : db.books.filter((b) => b.authorId === authorId)),
      },
      book: { type: BookType, args: { id: { type: nn(GraphQLID) } }, resolve: (_, { id }) => db.books.find((b) => b.id === id) },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      addAuthor: {
        type: AuthorType,
        args: { name: { type: nn(GraphQLString) } },
        resolve: (_, { name }) => {
          if (blank(name)) fail('name is required', 'BAD_USER_INPUT');
          const author = { id: crypto.randomUUID(), name };
          db.authors.push(author);
          return author;
        },
      },
      addBook: {
        type: BookType,
        args: { input: { type: nn(BookInput) } },
        resolve: (_, { input: { title, year, authorId } }) => {
          if (blank(title)) fail('title is required', 'BAD_USER_INPUT');
          if (!db.authors.some((a) => a.id === authorId)) fail('author not found', 'NOT_FOUND');
          const book = { id: crypto.randomUUID(), title, year: year ?? null, authorId };
          db.books.push(book);
          return book;
        },
      },
      deleteBook: {
        type: nn(GraphQLBoolean),
        args: { id: { type: nn(GraphQLID) } },
        resolve: (_, { id }) => {
          const i = db.books.findIndex((b) => b.id === id);
          if (i < 0) return false;
          db.books.splice(i, 1);
          return true;
        },
      },
    },
  }),
});

const app = express();
app.all('/graphql', createHandler({ schema }));
app.listen(Number(process.env.PORT) || 3000, '0.0.0.0', () => console.log('graphql-http ready'));
