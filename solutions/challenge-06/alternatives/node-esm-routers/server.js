// Alternative: ES module, one express.Router per collection built by a small factory, string ids
// ("u-1", "p-1", "c-1") and the relations derived from the user/post objects rather than typed twice.
import express from "express";

const users = [
  { id: "u-1", name: "Grace Hopper", email: "grace@example.com" },
  { id: "u-2", name: "Edsger Dijkstra", email: "edsger@example.com" },
  { id: "u-3", name: "Barbara Liskov", email: "barbara@example.com" },
];
const posts = [
  { id: "p-1", userId: users[0].id, title: "The first bug was a moth" },
  { id: "p-2", userId: users[1].id, title: "Go To Statement Considered Harmful" },
  { id: "p-3", userId: users[0].id, title: "Compilers for everyone" },
];
const comments = [
  { id: "c-1", postId: posts[1].id, body: "Still relevant." },
  { id: "c-2", postId: posts[0].id, body: "Great story!" },
];

function collection(items) {
  const router = express.Router();
  router.get("/", (req, res) => res.status(200).json(items));
  return router;
}

const app = express();
app.use("/users", collection(users));
app.use("/posts", collection(posts));
app.use("/comments", collection(comments));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, "0.0.0.0", () => console.log(`listening on ${port}`));
