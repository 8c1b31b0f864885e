const express = require('express');
// const swaggerUi = require('swagger-ui-express');

const app = express();
app.use(express.json());

// TODO: the OpenAPI 3 document (an object): info, paths for every operation below, their
//       parameters, request body, responses and schemas (components.schemas Book, BookInput, Error).
// TODO: GET /openapi.json -> the document; /docs -> Swagger UI (swaggerUi.serve, swaggerUi.setup(doc))

// TODO: GET    /books?limit=N  -> 200 [Book], 400 Error
// TODO: POST   /books          -> 201 Book, 400 Error
// TODO: GET    /books/:id      -> 200 Book, 404 Error
// TODO: DELETE /books/:id      -> 204, 404 Error

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
