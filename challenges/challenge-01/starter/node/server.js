const express = require('express');

const app = express();

// TODO: GET / -> 200 with the JSON body {"message": "Hello World"}

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
