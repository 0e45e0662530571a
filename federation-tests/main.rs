//! Federation tests: several real `maillon serve` processes on `localhost:PORT`, talking real
//! HTTP with real signatures. With `MAILLON_TEST_DATABASE_URL` set, every other node (the first
//! one of each test included) runs on PostgreSQL.

mod harness;
mod signing;
mod web;

mod accounts;
mod api;
mod browser;
mod delivery;
mod discussions;
mod fedify;
mod inbox;
mod membership;
