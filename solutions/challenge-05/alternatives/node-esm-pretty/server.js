// Alternative: ES module with string SKU ids, a frozen catalogue with extra fields, and the array
// pre-serialised once as pretty-printed JSON (sent with an explicit content type and an ETag).
import express from "express";

const catalogue = Object.freeze([
  { id: "sku-001", name: "Espresso Cup", price: 7.5, currency: "EUR", inStock: true },
  { id: "sku-002", name: "Pour-over Kettle", price: 39, currency: "EUR", inStock: false },
  { id: "sku-003", name: "Burr Grinder", price: 129.99, currency: "EUR", inStock: true },
  { id: "sku-004", name: "Gift Card", price: 0, currency: "EUR", inStock: true },
]);
const payload = JSON.stringify(catalogue, null, 2);

const app = express();

app.get("/products", (req, res) => {
  res.set("Content-Type", "application/json; charset=utf-8").send(payload);
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, "0.0.0.0", () => console.log(`catalogue on :${port}`));
