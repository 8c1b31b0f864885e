const express = require('express');

const app = express();

app.get('/users/:id', (req, res) => {
  // Express percent-decodes route parameters and always hands them over as strings.
  const { id } = req.params;
  res.status(200).json({ id, message: 'User found' });
});

const PORT = process.env.PORT || 3000;
app.listen(PORT, '0.0.0.0', () => {
  console.log(`Server listening on port ${PORT}`);
});
