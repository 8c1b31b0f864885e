// Alternative: validation with express-validator's checkSchema (errors listed in "details"),
// prefixed string ids ("usr_1", ...) and a JSON 400 for any body the JSON parser refuses.
const express = require("express");
const { checkSchema, validationResult, matchedData } = require("express-validator");

const app = express();
app.use(express.json({ strict: false })); // parse any JSON value, the object check is ours

let lastId = 0;

const mustBeObject = (req, res, next) => {
  const body = req.body;
  if (body === null || typeof body !== "object" || Array.isArray(body) || !req.is("application/json")) {
    return res.status(400).json({ error: "the request body must be a JSON object" });
  }
  return next();
};

const userSchema = checkSchema(
  {
    name: { exists: { errorMessage: "name is required" }, isString: { errorMessage: "name must be a string" } },
    email: { exists: { errorMessage: "email is required" }, isString: { errorMessage: "email must be a string" } },
  },
  ["body"],
);

app.post("/users", mustBeObject, userSchema, (req, res) => {
  const result = validationResult(req);
  if (!result.isEmpty()) {
    const details = result.array().map((e) => ({ field: e.path, message: e.msg }));
    return res.status(400).json({ error: details.map((d) => d.message).join("; "), details });
  }
  const { name, email } = matchedData(req, { locations: ["body"] });
  lastId += 1;
  return res.status(201).json({ id: `usr_${lastId}`, name, email });
});

// express.json() reports malformed JSON (and an empty application/json body) as an error
app.use((err, req, res, next) => {
  if (err.type === "entity.parse.failed" || err.status === 400) {
    return res.status(400).json({ error: `malformed JSON body: ${err.message}` });
  }
  return next(err);
});

app.listen(Number(process.env.PORT) || 3000, "0.0.0.0");
