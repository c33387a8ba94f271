// Data loader: every report table, column by column (column, type, meaning), for /notebook; the same source
// writes docs/report-data.md's generated section (loaders/pipeline/table-docs.ts).
import { reportTableDocs } from "../../loaders/pipeline/table-docs.ts";

process.stdout.write(JSON.stringify(reportTableDocs()));
