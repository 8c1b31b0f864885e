"""Alternative: a code-first Strawberry schema on Starlette, async resolvers, UUID ids."""
import os
import uuid
from typing import Optional

import strawberry
import uvicorn
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.routing import Route
from strawberry.asgi import GraphQL

AUTHORS: dict[str, "Author"] = {}
BOOKS: dict[str, "Book"] = {}


@strawberry.type
class Author:
    id: strawberry.ID
    name: str

    @strawberry.field
    def books(self) -> list["Book"]:
        return [b for b in BOOKS.values() if b.author_id == self.id]


@strawberry.type
class Book:
    id: strawberry.ID
    title: str
    year: Optional[int]
    author_id: strawberry.Private[str]

    @strawberry.field
    def author(self) -> Author:
        return AUTHORS[self.author_id]


@strawberry.input
class BookInput:
    title: str
    author_id: strawberry.ID
    year: Optional[int] = None


@strawberry.type
class Query:
    @strawberry.field
    def authors(self) -> list[Author]:
        return list(AUTHORS.values())

    @strawberry.field
    def author(self, id: strawberry.ID) -> Optional[Author]:
        return AUTHORS.get(id)

    @strawberry.field
    def books(self, author_id: Optional[strawberry.ID] = None) -> list[Book]:
        return [b for b in BOOKS.values() if author_id is None or b.author_id == author_id]

    @strawberry.field
    def book(self, id: strawberry.ID) -> Optional[Book]:
        return BOOKS.get(id)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def add_author(self, name: str) -> Optional[Author]:
        if not name.strip():
            raise GraphQLError("name is blank", extensions={"code": "BAD_USER_INPUT"})
        author = Author(id=strawberry.ID(str(uuid.uuid4())), name=name)
        AUTHORS[author.id] = author
        return author

    @strawberry.mutation
    async def add_book(self, input: BookInput) -> Optional[Book]:
        if not input.title.strip():
            raise GraphQLError("title is blank", extensions={"code": "BAD_USER_INPUT"})
        if input.author_id not in AUTHORS:
            raise GraphQLError("unknown author", extensions={"code": "NOT_FOUND"})
        book = Book(id=strawberry.ID(str(uuid.uuid4())), title=input.title, year=input.year, author_id=input.author_id)
        BOOKS[book.id] = book
        return book

    @strawberry.mutation
    async def delete_book(self, id: strawberry.ID) -> bool:
        return BOOKS.pop(id, None) is not None


schema = strawberry.Schema(query=Query, mutation=Mutation)
app = Starlette(routes=[Route("/graphql", GraphQL(schema))])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
