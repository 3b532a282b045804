-- Tables. Names and columns follow the Zava retail sample; money is numeric; every table that
-- holds store data carries store_id and leads an index with it.
set local role retail_owner;

create table retail.regions (
  region_id   serial primary key,
  region_name text not null unique
);

create table retail.stores (
  store_id    serial primary key,
  store_name  text not null unique,
  region_id   int not null references retail.regions,
  city        text not null,
  is_online   boolean not null default false,
  opened_on   date not null,
  rls_user_id uuid -- Zava compatibility: the store's manager
);

create table retail.app_users (
  user_id      uuid primary key,
  email        text not null unique,
  display_name text not null,
  role         text not null check (role in ('store_manager', 'regional_manager', 'head_office')),
  store_id     int references retail.stores,
  region_id    int references retail.regions,
  is_active    boolean not null default true,
  -- Each role carries exactly the scope it needs.
  check ((role = 'store_manager') = (store_id is not null)),
  check ((role = 'regional_manager') = (region_id is not null))
);
create index app_users_store_idx on retail.app_users (store_id);

create table retail.customers (
  customer_id  serial primary key,
  first_name   text not null,
  last_name    text not null,
  email        text not null unique,
  phone        text,
  store_id     int not null references retail.stores, -- the customer's home store (Zava: primary_store_id)
  created_on   date not null
);
create index customers_store_idx on retail.customers (store_id, customer_id);

create table retail.categories (
  category_id   serial primary key,
  category_name text not null unique
);

create table retail.product_types (
  type_id     serial primary key,
  category_id int not null references retail.categories,
  type_name   text not null,
  unique (category_id, type_name)
);

create table retail.products (
  product_id           serial primary key,
  sku                  text not null unique,
  product_name         text not null,
  category_id          int not null references retail.categories,
  type_id              int not null references retail.product_types,
  cost                 numeric(10, 2) not null check (cost >= 0),
  base_price           numeric(10, 2) not null check (base_price >= 0),
  gross_margin_percent numeric(5, 2) not null,
  product_description  text not null
);
create index products_category_idx on retail.products (category_id);

create table retail.inventory (
  store_id      int not null references retail.stores,
  product_id    int not null references retail.products,
  stock_level   int not null check (stock_level >= 0),
  reorder_point int not null check (reorder_point >= 0),
  primary key (store_id, product_id)
);

create table retail.orders (
  order_id    bigserial primary key,
  customer_id int not null references retail.customers,
  store_id    int not null references retail.stores,
  order_date  date not null
);
create index orders_store_date_idx on retail.orders (store_id, order_date);

create table retail.order_items (
  order_item_id    bigserial primary key,
  order_id         bigint not null references retail.orders,
  store_id         int not null references retail.stores,
  product_id       int not null references retail.products,
  quantity         int not null check (quantity > 0),
  unit_price       numeric(10, 2) not null,
  discount_percent numeric(5, 2) not null default 0,
  discount_amount  numeric(10, 2) not null default 0,
  total_amount     numeric(12, 2) not null
);
create index order_items_store_order_idx on retail.order_items (store_id, order_id);
create index order_items_store_product_idx on retail.order_items (store_id, product_id);

-- One row per product and embedding model; the model's own HNSW index is a partial index with the
-- dimension cast, so vectors of different models never mix.
create table retail.product_embeddings (
  product_id   int not null references retail.products on delete cascade,
  model        text not null,
  dimensions   int not null,
  content_hash text not null,
  embedding    vector not null,
  updated_at   timestamptz not null default now(),
  primary key (product_id, model),
  check (vector_dims(embedding) = dimensions)
);
create index product_embeddings_use_lite_hnsw on retail.product_embeddings
  using hnsw ((embedding::vector(512)) vector_cosine_ops) where model = 'use-lite-512';
