/* The zstd settings behind the store's payload compression, measured on a store's own payloads (CPU time, one thread):
 * dictionary training time and quality by sample count and dictionary size, and compression µs per payload by level,
 * with a trained dictionary attached (as the store compresses) and without one.
 *
 *   thresher sample-data --store s.sqlite --records 4000      (a compressed store: payloads are read back from it)
 *   cc -O2 Benchmarks/peers/zstd_probe.c -o zstd_probe -lzstd -lsqlite3 && ./zstd_probe s.sqlite
 *
 * Payloads from the 1,001st on are compressed; the first ones are the training samples.
 */
#define ZSTD_STATIC_LINKING_ONLY
#define ZDICT_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zdict.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec/1e9;}
typedef struct {unsigned char*p;size_t n;} buf;
static buf pay[2][5000]; static int cnt[2];
int main(int argc,char**argv){
  sqlite3*db; sqlite3_open(argv[1],&db);
  const char*cols[2]={"metadata_xml","json"}; const char*kinds[2]={"xml","json"};
  ZSTD_DCtx*d=ZSTD_createDCtx();
  for(int k=0;k<2;k++){
    sqlite3_stmt*s; char q[200];
    snprintf(q,200,"select dictionary from payload_dictionaries where kind='%s'",kinds[k]);
    sqlite3_prepare_v2(db,q,-1,&s,0); sqlite3_step(s);
    ZSTD_DDict*dd=ZSTD_createDDict(sqlite3_column_blob(s,0),sqlite3_column_bytes(s,0)); sqlite3_finalize(s);
    snprintf(q,200,"select %s from records where %s is not null order by seq",cols[k],cols[k]);
    sqlite3_prepare_v2(db,q,-1,&s,0);
    while(sqlite3_step(s)==SQLITE_ROW){
      const void*f=sqlite3_column_blob(s,0); int fn=sqlite3_column_bytes(s,0);
      size_t sz=ZSTD_getFrameContentSize(f,fn); buf b={malloc(sz),sz};
      size_t r=ZSTD_decompress_usingDDict(d,b.p,sz,f,fn,dd); if(ZSTD_isError(r)){printf("err\n");return 1;}
      pay[k][cnt[k]++]=b;
    }
    sqlite3_finalize(s);
  }
  size_t bound=ZSTD_compressBound(1<<20); unsigned char*out=malloc(bound);
  /* Training: sample count x dictionary size (level 3, attached), both kinds. */
  int sampleN[]={250,500,1000}; int caps[]={16384,32768,65536};
  for(int si=0;si<3;si++) for(int ci=0;ci<3;ci++){
    double trainT=0, us[2]={0,0}; size_t totIn=0,totOut=0;
    for(int k=0;k<2;k++){ int samples=sampleN[si];
      size_t tot=0; for(int i=0;i<samples;i++) tot+=pay[k][i].n;
      unsigned char*j=malloc(tot); size_t*sizes=malloc(samples*sizeof(size_t)); size_t o=0;
      for(int i=0;i<samples;i++){memcpy(j+o,pay[k][i].p,pay[k][i].n);o+=pay[k][i].n;sizes[i]=pay[k][i].n;}
      size_t cap=caps[ci]; if(tot/10<cap) cap=tot/10<4096?4096:tot/10;
      unsigned char*dict=malloc(cap);
      double t=now(); size_t dn=ZDICT_trainFromBuffer(dict,cap,j,sizes,samples); trainT+=now()-t;
      ZSTD_CDict*cd=ZSTD_createCDict(dict,dn,3);
      ZSTD_CCtx*c=ZSTD_createCCtx(); ZSTD_CCtx_setParameter(c,ZSTD_c_checksumFlag,1); ZSTD_CCtx_setParameter(c,ZSTD_c_forceAttachDict,ZSTD_dictForceAttach);
      t=now(); int n=0;
      for(int i=1000;i<cnt[k];i++){ZSTD_CCtx_refCDict(c,cd); size_t w=ZSTD_compress2(c,out,bound,pay[k][i].p,pay[k][i].n); totOut+=w; totIn+=pay[k][i].n; n++;}
      us[k]=(now()-t)/n*1e6; ZSTD_freeCCtx(c); ZSTD_freeCDict(cd); free(j); free(sizes); free(dict);
    }
    printf("samples %4d, dictionary <= %5d B: training %.3f s (both kinds); compress xml %.1f, json %.1f us/payload; ratio %.2f\n",
           sampleN[si],caps[ci],trainT,us[0],us[1],(double)totIn/totOut);
  }
  /* Levels: without a dictionary, and with one trained from the first 250 payloads (the CDict's level rules: zstd
   * ignores the context's level when a CDict is referenced). */
  for(int k=0;k<2;k++){ int samples=250;
    size_t tot=0; for(int i=0;i<samples;i++) tot+=pay[k][i].n;
    unsigned char*j=malloc(tot); size_t*sizes=malloc(samples*sizeof(size_t)); size_t o=0;
    for(int i=0;i<samples;i++){memcpy(j+o,pay[k][i].p,pay[k][i].n);o+=pay[k][i].n;sizes[i]=pay[k][i].n;}
    unsigned char*dict=malloc(65536); size_t dn=ZDICT_trainFromBuffer(dict,65536,j,sizes,samples);
    ZSTD_CCtx*c=ZSTD_createCCtx(); ZSTD_CCtx_setParameter(c,ZSTD_c_checksumFlag,1);
    int nl[]={15,9,3,1,-1,-5};
    for(int li=0;li<6;li++){ ZSTD_CCtx_setParameter(c,ZSTD_c_compressionLevel,nl[li]); size_t cs=0,in=0; double t=now(); int n=0;
      for(int i=1000;i<cnt[k]&&n<500;i++,n++){cs+=ZSTD_compress2(c,out,bound,pay[k][i].p,pay[k][i].n); in+=pay[k][i].n;}
      printf("%s, no dictionary, level %3d: %6.1f us/payload, ratio %.2f\n",kinds[k],nl[li],(now()-t)/n*1e6,(double)in/cs);}
    ZSTD_CCtx_setParameter(c,ZSTD_c_forceAttachDict,ZSTD_dictForceAttach);
    int levels[]={3,1,-1,-3,-5,-10};
    for(int li=0;li<6;li++){ ZSTD_CDict*cd=ZSTD_createCDict(dict,dn,levels[li]); size_t cs=0,in=0; int n=0; double t=now();
      for(int i=1000;i<cnt[k];i++,n++){ZSTD_CCtx_refCDict(c,cd); cs+=ZSTD_compress2(c,out,bound,pay[k][i].p,pay[k][i].n); in+=pay[k][i].n;}
      printf("%s, dictionary, level %3d: %6.1f us/payload, %.0f MB/s, ratio %.2f\n",kinds[k],levels[li],(now()-t)/n*1e6,in/(now()-t)/1e6,(double)in/cs);
      ZSTD_freeCDict(cd);}
    ZSTD_CCtx_refCDict(c,NULL); ZSTD_freeCCtx(c); free(j); free(sizes); free(dict);
  }
}
