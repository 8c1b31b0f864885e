import os

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

# from ariadne import MutationType, ObjectType, QueryType, make_executable_schema
# from ariadne.asgi import GraphQL
# from graphql import GraphQLError

# TODO: the schema of the spec as SDL (types Author, Book, input BookInput, Query, Mutation).
TYPE_DEFS = """
type Query {
  _todo: Boolean
}
"""

# TODO: in-memory authors and books, and the resolvers: Query (authors, author, books, book),
#       Mutation (addAuthor, addBook, deleteBook) and the nested Author.books / Book.author.
#       Field errors: raise GraphQLError(message, extensions={"code": "BAD_USER_INPUT"}).


async def graphql_endpoint(request: Request):
    # TODO: replace with Route("/graphql", GraphQL(schema)) once the schema is executable.
    return JSONResponse({"errors": [{"message": "not implemented yet"}]}, status_code=501)


app = Starlette(routes=[Route("/graphql", graphql_endpoint, methods=["POST"])])

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "3000")))
