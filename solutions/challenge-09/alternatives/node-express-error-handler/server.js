// Alternative: the fall-through middleware does not answer itself, it forwards a 404 error to one
// error-handling middleware that renders every error as JSON (lower-case header set by hand).
const express = require("express");

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const app = express();

app.get("/", (req, res) => res.json({ message: "ok" }));
app.get("/health", (req, res) => res.json({ status: "ok", uptime: process.uptime() }));

// nothing above answered: hand a 404 to the error handler
app.use((req, res, next) => next(new HttpError(404, "Not Found")));

app.use((err, req, res, next) => {
  const status = err.status || err.statusCode || 500;
  const message = status === 404 ? "Not Found" : status < 500 ? err.message : "Internal Server Error";
  res.status(status).set("content-type", "application/json; charset=utf-8").send(JSON.stringify({ error: message }));
});

const port = process.env.PORT || 3000;
app.listen(port, "0.0.0.0", () => console.log(`listening on ${port}`));
