// The scale bench's B1 baseline: a tiny node:http server answering the partner list's first page of 50 (with unit, lead and current stage) from one hand-written SQL query.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const PAGE = `
  select p.id, p.code, p.title, p.status,
         json_build_object('id', u.id, 'code', u.code, 'name', u.name_zh) as unit,
         json_build_object('id', l.id, 'name', l.name, 'email', l.email) as lead,
         case when s.id is null then null else json_build_object('key', s.stage_key, 'status', s.status, 'dueAt', s.due_at,
           'name', (select d -> 'name' ->> 'zh' from jsonb_array_elements(t.definition -> 'stages') d where d ->> 'key' = s.stage_key)) end as "currentStage"
    from project p
    join unit u on u.id = p.unit_id
    join app_user l on l.id = p.lead_id
    join project_type t on t.id = p.type_id
    left join project_stage s on s.project_id = p.id and s.stage_key = p.current_stage_key
   order by p.created_at desc, p.id desc
   limit 50`;

const server = http.createServer(async (request, response) => {
  try {
    const { rows } = await pool.query(PAGE);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ data: { projects: { edges: rows.map((node) => ({ node })) } } }));
  } catch (error) {
    response.writeHead(500);
    response.end(String(error));
  }
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('raw sql server ready'));
process.once('SIGTERM', () => server.close(() => pool.end()));
