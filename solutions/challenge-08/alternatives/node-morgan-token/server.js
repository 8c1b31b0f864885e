// Alternative: the log line is not hand-written: morgan with a custom format string and a
// ":pathname" token (morgan's :url would include the query string), written when the response ends.
const express = require("express");
const morgan = require("morgan");

morgan.token("pathname", (req) => new URL(req.originalUrl || req.url, "http://localhost").pathname);

const app = express();
app.use(morgan("[:method] :pathname - :date[iso]"));
app.use(express.json());

app.get("/", (req, res) => res.json({ message: "ok" }));
app.post("/echo", (req, res) => res.json(req.body));

app.use((err, req, res, next) => {
  if (err.type === "entity.parse.failed") return res.status(400).json({ error: "invalid JSON body" });
  return next(err);
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, "0.0.0.0", () => console.log(`morgan demo listening on ${port}`));
