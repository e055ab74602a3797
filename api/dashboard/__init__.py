"""The dashboard's built pages and assets (static/, built from dashboard/ by `make ui`), served by
every API process."""
