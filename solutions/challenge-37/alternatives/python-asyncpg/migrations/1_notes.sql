CREATE TABLE notes (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), title TEXT NOT NULL);
