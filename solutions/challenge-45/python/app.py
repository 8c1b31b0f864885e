import itertools
import os

import uvicorn
from ariadne import MutationType, ObjectType, QueryType, make_executable_schema
from ariadne.asgi import GraphQL
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.routing import Route

TYPE_DEFS = """
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
"""

# In memory; dicts keep insertion order, which is the "oldest first" the spec asks for.
authors: dict[str, dict] = {}
books: dict[str, dict] = {}
author_ids = itertools.count(1)
book_ids = itertools.count(1)

query = QueryType()
mutation = MutationType()
author_type = ObjectType("Author")
book_type = ObjectType("Book")


def field_error(message, code):
    return GraphQLError(message, extensions={"code": code})


def require_text(value, what):
    if not value.strip():
        raise field_error(f"{what} must not be empty", "BAD_USER_INPUT")


@query.field("authors")
def resolve_authors(*_):
    return list(authors.values())


@query.field("author")
def resolve_author(*_, id):
    return authors.get(id)


@query.field("books")
def resolve_books(*_, authorId=None):
    return [b for b in books.values() if authorId is None or b["authorId"] == authorId]


@query.field("book")
def resolve_book(*_, id):
    return books.get(id)


@mutation.field("addAuthor")
def resolve_add_author(*_, name):
    require_text(name, "name")
    author = {"id": str(next(author_ids)), "name": name}
    authors[author["id"]] = author
    return author


@mutation.field("addBook")
def resolve_add_book(*_, input):
    require_text(input["title"], "title")
    if input["authorId"] not in authors:
        raise field_error(f"no author with id {input['authorId']}", "NOT_FOUND")
    book = {"id": str(next(book_ids)), "title": input["title"], "year": input.get("year"), "authorId": input["authorId"]}
    books[book["id"]] = book
    return book


@mutation.field("deleteBook")
def resolve_delete_book(*_, id):
    return books.pop(id, None) is not None


@author_type.field("books")
def resolve_author_books(author, _info):
    return [b for b in books.values() if b["authorId"] == author["id"]]


@book_type.field("author")
def resolve_book_author(book, _info):
    return authors[book["authorId"]]


schema = make_executable_schema(TYPE_DEFS, query, mutation, author_type, book_type)

app = Starlette(routes=[Route("/graphql", GraphQL(schema), methods=["GET", "POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
