"""Server programs the grader runs as services (in the services image and in the local sandbox).
They import only the standard library, starlette and uvicorn: the image copies this folder as is."""
