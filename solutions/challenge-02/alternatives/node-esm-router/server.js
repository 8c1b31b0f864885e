// Alternative: an ES module with an express.Router mounted at /users (the param is declared
// relative to the mount point), and the response also carries a fetchedAt field (extra keys are allowed).
import express from "express";

const users = express.Router();

users.get("/:userId", (req, res) => {
  // Express percent-decodes route params itself; the value stays a string.
  res.json({ id: req.params.userId, message: "User found", fetchedAt: new Date().toISOString() });
});

const app = express();
app.use("/users", users);

const port = Number.parseInt(process.env.PORT ?? "3000", 10);
app.listen(port, "0.0.0.0", () => console.log(`route-params listening on ${port}`));
